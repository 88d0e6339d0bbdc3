function Assert-PgCredential {
    <#
    .SYNOPSIS
        Returns the credential a service registration needs, or stops with a clear error when the
        caller did not give one.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCredential])]
    param (
        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Operation
    )

    if ($null -eq $Credential -or $Credential -eq [System.Management.Automation.PSCredential]::Empty) {
        throw (New-PgErrorRecord -ErrorId 'CredentialRequired' -Category InvalidArgument -TargetObject $Operation.name `
                -Message "Registering the service '$($Operation.name)' needs the password of $($Operation.account)." `
                -Hint 'Add -Credential (Get-Credential) with the instance administrator account.')
    }
    return $Credential
}
