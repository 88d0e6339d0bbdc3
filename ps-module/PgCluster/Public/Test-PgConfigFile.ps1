function Test-PgConfigFile {
    <#
    .SYNOPSIS
        Checks that a Mirroring Controller file can be read only by the instance administrator.

    .DESCRIPTION
        Reads the file's access control list with icacls and reports a PgCluster.ConfigFileAccess
        object: compliant when nothing is inherited from the folder and every entry belongs to the
        instance administrator, LocalSystem or the Administrators group. Anything else (Users,
        Everyone, inherited entries) is listed in ExtraAccess. The Mirroring Controller refuses to
        start with network.conf or <serverIdentifier>.conf readable by others.

    .PARAMETER Path
        Files to check, such as D:\mcdir\inst1\network.conf. Accepts pipeline input.

    .PARAMETER Account
        The instance administrator, as DOMAIN\user or COMPUTER\user.

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

    begin {
        $allowed = @($Account) + @(Get-PgAdministrativeAccount)
    }

    process {
        foreach ($file in $Path) {
            if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ConfigFileNotFound' -Category ObjectNotFound `
                            -TargetObject $file -Message "The file '$file' does not exist." `
                            -Hint 'Create the Mirroring Controller files first (network.conf and <serverIdentifier>.conf).'))
            }
            $run = Invoke-PgNative -FilePath 'icacls.exe' -ArgumentList @($file)
            if ($run.ExitCode -ne 0) {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'IcaclsFailed' -TargetObject $file `
                            -Message "icacls could not read the access list of '$file' (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                            -Hint 'Run PowerShell as Administrator or as the instance administrator.'))
            }
            $entries = @(ConvertFrom-PgIcaclsOutput -Path $file -Line $run.Output)
            $extra = @($entries | Where-Object -FilterScript { $_.Inherited -or ($allowed -notcontains $_.Account) } |
                    ForEach-Object -Process { '{0}:({1}){2}' -f $_.Account, $_.Rights, $(if ($_.Inherited) { ' inherited' } else { '' }) })
            $hasOwner = [bool]($entries | Where-Object -FilterScript { $_.Account -eq $Account -and -not $_.Deny })
            [pscustomobject]@{
                PSTypeName  = 'PgCluster.ConfigFileAccess'
                Path        = $file
                Account     = $Account
                Compliant   = ($extra.Count -eq 0 -and $hasOwner)
                ExtraAccess = $extra
                Entries     = $entries
            }
        }
    }
}
