function Test-PgConfigFile {
    <#
    .SYNOPSIS
        Checks that a Mirroring Controller file can be read only by the instance administrator.

    .DESCRIPTION
        Judges the file exactly as the Mirroring Controller does when it reads it (the PgCluster
        helper `pgcluster file-access`, which reads the security descriptor through
        pgcluster-acl.exe) and reports a PgCluster.ConfigFileAccess object. The file is compliant
        when it is owned by the instance administrator or Administrators, nothing is inherited from
        its folder, and no entry lets in anybody but the instance administrator, LocalSystem and
        Administrators. Accounts are compared by SID, so .\symfo, HOST\symfo and symfo are one
        account, in any Windows language. What is wrong is listed in ExtraAccess, the accounts to
        remove in ExtraAccount. The Mirroring Controller refuses to start with network.conf or
        <serverIdentifier>.conf readable by others.

    .PARAMETER Path
        Files to check, such as D:\mcdir\inst1\network.conf. Accepts pipeline input.

    .PARAMETER Account
        The instance administrator, as DOMAIN\user, COMPUTER\user, .\user or a SID.

    .EXAMPLE
        Test-PgConfigFile -Path D:\mcdir\inst1\network.conf -Account 'CONTOSO\symfo'

        Returns Compliant = True when only symfo, SYSTEM and Administrators have access.

    .EXAMPLE
        Get-ChildItem D:\mcdir\inst1\*.conf | Test-PgConfigFile -Account 'CONTOSO\symfo' | Where-Object -Property Compliant -EQ $false

        Lists the configuration files that still need Protect-PgConfigFile.

    .OUTPUTS
        PgCluster.ConfigFileAccess

    .LINK
        Protect-PgConfigFile
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.ConfigFileAccess')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [Alias('FullName')]
        [string[]]
        $Path,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Account
    )

    process {
        foreach ($file in $Path) {
            if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ConfigFileNotFound' -Category ObjectNotFound `
                            -TargetObject $file -Message "The file '$file' does not exist." `
                            -Hint 'Create the Mirroring Controller files first (network.conf and <serverIdentifier>.conf).'))
            }
            $full = (Resolve-Path -LiteralPath $file).ProviderPath
            $answer = Invoke-PgNodeTool -Tool pgcluster -ArgumentList @('file-access', '--account', $Account, '--file', $full)
            foreach ($f in @($answer.files)) {
                $owner = $null
                if ($f.owner) {
                    $owner = $f.owner.sid
                    if ($f.owner.name) {
                        $owner = $f.owner.name
                    }
                }
                [pscustomobject]@{
                    PSTypeName   = 'PgCluster.ConfigFileAccess'
                    Path         = $file
                    Account      = $Account
                    AccountSid   = $f.account.sid
                    Owner        = $owner
                    Compliant    = [bool]$f.compliant
                    ExtraAccess  = [string[]]@($f.problems)
                    ExtraAccount = @($f.extra)
                    Inherited    = [bool]$f.inherits
                }
            }
        }
    }
}
